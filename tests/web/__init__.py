"""The online forms (packgen serve): a package, so its conftest does not replace tests/conftest.py."""
