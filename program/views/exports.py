"""exports views of the program (being written)"""

urlpatterns = []
