"""The API's JSON objects as typed models (msgspec Structs that keep unknown keys)."""
