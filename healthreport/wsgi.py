import os

from django.core.wsgi import get_wsgi_application

from healthreport.lib.deploy import check_secret_key

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "healthreport.settings")
application = get_wsgi_application()
check_secret_key()
