import os

from django.core.asgi import get_asgi_application

from healthreport.lib.deploy import check_secret_key

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "healthreport.settings")
application = get_asgi_application()
check_secret_key()
