app_name = "endorsements"
urlpatterns: list = []
