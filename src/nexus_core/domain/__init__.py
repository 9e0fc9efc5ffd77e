"""Domain model: value objects, entities and pure rules."""
