"""Background work of My page: sending a login link, and clearing old links away."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task, lock_task

from . import services


@db_task()
def login_link_send(channel_id: int, language: str) -> bool:
    """Only the channel id goes through the queue: the token is made here, at the last
    moment, so it is never stored in clear anywhere."""
    return services.link_send(channel_id=channel_id, language=language)


@db_periodic_task(crontab(hour="3", minute="25"))
@lock_task("mypage-purge-login-links")
def login_links_purge() -> int:
    return services.links_purge()
