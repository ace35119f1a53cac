-- Run once by the postgres image on an empty data directory: Flowpilot's own
-- database (each service keeps its tables in its own schema) and the database
-- of Camunda node 1, as scripts/stack.sh creates them on a local machine.
CREATE DATABASE flowpilot;
CREATE DATABASE camunda_node1;
