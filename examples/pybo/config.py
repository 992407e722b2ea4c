import os

BASE_DIR = os.path.dirname(__file__)
SECRET_KEY = os.environ.get("SECRET_KEY", "dev")
MAX_CONTENT_LENGTH = 16 * 1024 * 1024
