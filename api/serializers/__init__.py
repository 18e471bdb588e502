"""Serializers, one module per resource; read serializers are plain ModelSerializers over the domain models."""
