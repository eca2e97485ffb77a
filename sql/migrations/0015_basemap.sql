-- 0015 (#17): the offline basemap drawn from the imported data itself: water, green space,
-- building footprints and place names that are not city units (streets and railways are drawn
-- from network_edge, which already holds them with their names). Written by the city loader
-- beside the city (the demo generator's river; the OSM extract's water, parks, campuses,
-- footprints and place nodes); cut into vector tiles by GET /api/tiles/basemap/{z}/{x}/{y}.mvt.
CREATE TABLE basemap_feature (
  id    bigserial PRIMARY KEY,
  -- water: areas of water; waterway: rivers and canals as lines; green: parks, grass, woods;
  -- campus: university, school and hospital grounds; building: footprints; rail: railways not in
  -- network_edge (the OSM extract's); place: named points (place=*, named compounds).
  layer text NOT NULL CHECK (layer IN ('water', 'waterway', 'green', 'campus', 'building', 'rail', 'place')),
  -- The source's own class (OSM natural/leisure/landuse/amenity value, place=*; 'river' in the demo).
  class text NOT NULL DEFAULT '',
  name  text,
  name_en text,
  geom  geometry(Geometry, 4326) NOT NULL CHECK (ST_IsValid(geom))
);
CREATE INDEX basemap_feature_geom_idx ON basemap_feature USING gist (geom);
CREATE INDEX basemap_feature_layer_idx ON basemap_feature (layer);

CREATE TRIGGER basemap_feature_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON basemap_feature
  FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version();
