"""WSGI entry point: ``gunicorn --chdir server dqserver.wsgi``."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dqserver.settings")
application = get_wsgi_application()
