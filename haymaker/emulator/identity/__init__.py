"""The Entra token endpoint: OpenID configuration and client-credential tokens.

Modules: `routes`. Uses Graph's interface (`principal_for_client_secret`) to know who a client
secret belongs to, and `core.tokens` to issue the token. Offers no interface of its own.
"""
