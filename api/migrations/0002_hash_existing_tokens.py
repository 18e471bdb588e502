"""Move the API tokens kept in plain text by DRF's authtoken into knox's digests, then wipe the plain keys.

Every key that worked before still works (knox finds it by its first characters and compares the
SHA-512 digest); the old table is emptied, not dropped, so the authtoken app's recorded migrations
stay consistent. A database made after the change has no such table, and nothing happens.
"""

from django.db import migrations

OLD_TABLE = "authtoken_token"


def hash_plain_tokens(apps, schema_editor):
    from knox.crypto import hash_token
    from knox.settings import CONSTANTS

    connection = schema_editor.connection
    if OLD_TABLE not in connection.introspection.table_names():
        return
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {connection.ops.quote_name('key')}, user_id, created FROM {OLD_TABLE}")
        rows = cursor.fetchall()
    AuthToken = apps.get_model("knox", "AuthToken")
    for key, user_id, created in rows:
        digest = hash_token(key)
        AuthToken(digest=digest, token_key=key[: CONSTANTS.TOKEN_KEY_LENGTH], user_id=user_id, expiry=None).save()
        AuthToken.objects.filter(digest=digest).update(created=created)  # auto_now_add stamped today
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {OLD_TABLE}")


class Migration(migrations.Migration):
    dependencies = [
        ("api", "0001_initial"),
        ("knox", "0009_extend_authtoken_field"),
    ]

    operations = [migrations.RunPython(hash_plain_tokens, migrations.RunPython.noop)]
