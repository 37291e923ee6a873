"""`wgkb` sub-commands, one module per group. Each module has ``register(subparsers)``; each command's
handler takes ``(args, kb)`` and returns the exit status."""
