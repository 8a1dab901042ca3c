"""The views of /api/v1, one module per resource; importing them fills the route table."""
