-- Statistics for the planner once the stage is filled (temporary tables are never auto-analysed).
ANALYZE import_stage
