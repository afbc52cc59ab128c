from .views import exports, manage, public

app_name = "program"

urlpatterns = manage.urlpatterns + exports.urlpatterns + public.urlpatterns
