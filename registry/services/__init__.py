"""The domain layer: every rule and every write of the registry, one module per resource."""
