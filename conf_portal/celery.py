import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "conf_portal.settings.local")

app = Celery("conf_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.on_after_configure.connect
def _create_filesystem_broker_folders(sender, **kwargs):
    """kombu's filesystem transport needs its folders to exist before a worker starts."""
    options = sender.conf.broker_transport_options or {}
    if sender.conf.broker_url and sender.conf.broker_url.startswith("filesystem://"):
        for key in ("data_folder_in", "data_folder_out", "control_folder", "processed_folder"):
            if options.get(key):
                os.makedirs(options[key], exist_ok=True)
