from .views import assignments, automatic, bidding, committee, conflicts

app_name = "reviews"

urlpatterns = (
    committee.urlpatterns
    + bidding.urlpatterns
    + conflicts.urlpatterns
    + assignments.urlpatterns
    + automatic.urlpatterns
)
