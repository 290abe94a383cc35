def test_dutch_is_the_default_whatever_the_browser_asks(client, db):
    response = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response["Content-Language"] == "nl"
    assert b'<html lang="nl"' in response.content


def test_english_after_choosing_it(client, db):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    assert response.status_code == 302
    response = client.get("/accounts/login/")
    assert response["Content-Language"] == "en"
    assert b'<html lang="en"' in response.content


def test_an_unknown_language_cookie_falls_back_to_dutch(client, db, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    assert client.get("/accounts/login/")["Content-Language"] == "nl"
