"""Staff accounts across the apps: roles (``roles.py``, ``models.StaffRole``), logging in and
out, single sign-on, session timeouts and the login throttle."""
