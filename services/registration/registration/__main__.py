from forum_shared.serve import serve

from .main import create_app
from .settings import SERVICE, Settings

serve(SERVICE, Settings(), create_app)
