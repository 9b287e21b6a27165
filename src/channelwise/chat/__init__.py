"""The answer pipeline: condense -> retrieve -> budget -> fenced prompt -> streamed answer."""
