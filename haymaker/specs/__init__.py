"""What HayMaker knows about Azure's resource providers, as data (imports nothing of HayMaker).

- `providers`: the provider table: namespaces, resource types, api-versions (newest first, as
  `GET /subscriptions/{s}/providers/{namespace}` lists them) and how each type behaves (long
  running, tracked, references, inline children, the error Azure gives when it is in use).

The emulator's ARM engine serves exactly these types; the scenario validator checks scenarios
against them.
"""
