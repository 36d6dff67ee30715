"""Long reliability tests run by `make stress` (not part of `make test`)."""
