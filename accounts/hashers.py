"""The password hasher of the portal: Argon2id at OWASP's first recommended cost.

Django's own Argon2 defaults (100 MiB, 2 passes, 8 lanes) cost about as much CPU per login as
PBKDF2 at 1,000,000 iterations (0.25 s against 0.33 s here, bench/README.md); on a deadline day
89 officers log in within a minute on two cores, so logins alone would take a core. OWASP's Password
Storage Cheat Sheet lists Argon2id with 19 MiB, 2 passes and 1 lane as its first configuration: about
0.03 s of CPU per login, and memory-hard where PBKDF2 is not.

The algorithm name stays Django's "argon2", so a hash made with other Argon2 parameters is still
read, and Django re-encodes it with these on the next successful login (``must_update``), as it does
for the PBKDF2 hashes kept in PASSWORD_HASHERS behind this one.
"""

from django.contrib.auth.hashers import Argon2PasswordHasher


class PortalArgon2PasswordHasher(Argon2PasswordHasher):
    memory_cost = 19 * 1024  # KiB
    time_cost = 2
    parallelism = 1
