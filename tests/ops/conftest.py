# S3 through moto's server, as the storage tests use it.
from tests.lib.test_storage import s3_endpoint  # noqa: F401
