-- 0001: extensions. PostGIS 3.3 is the floor (Debian bookworm); PGlite ships a newer one.
CREATE EXTENSION IF NOT EXISTS postgis;
