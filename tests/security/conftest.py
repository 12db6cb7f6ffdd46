"""The referral tests' cast (a referrer, receivers, link workers) serves the security tests too."""

from tarjotin.referrals.tests.conftest import cast  # noqa: F401
