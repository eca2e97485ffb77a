-- Empties every city data table (the facility-type catalogue stays).
TRUNCATE facility, building, community, street, district, network_edge, basemap_feature RESTART IDENTITY;
