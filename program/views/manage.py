"""manage views of the program (being written)"""

urlpatterns = []
