"""Staff accounts across the apps: how long a staff session lives (more of roles, login and
logout gather here as the referral and publishing apps stop owning them separately)."""
