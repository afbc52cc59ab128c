import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "conf_portal.settings.local")

app = Celery("conf_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.on_after_configure.connect
def _create_embedded_folders(sender, **kwargs):
    """The filesystem broker and result backend need their folders before a worker starts."""
    options = sender.conf.broker_transport_options or {}
    if (sender.conf.broker_url or "").startswith("filesystem://"):
        for key in ("data_folder_in", "data_folder_out", "control_folder", "processed_folder"):
            if options.get(key):
                os.makedirs(options[key], exist_ok=True)
    if (sender.conf.result_backend or "").startswith("file://"):
        os.makedirs(sender.conf.result_backend.removeprefix("file://"), exist_ok=True)
