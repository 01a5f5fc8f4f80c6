# The Debian package.
#
#   make deb        build/deb/capphat_VERSION_ARCH.deb, with dpkg-buildpackage
#                   in a copy of the sources (build/deb/capphat-VERSION), then
#                   lintian: an error fails the build
#   make deb-test   install it in a clean Debian 12 root (made once with
#                   debootstrap and kept in build/deb-test), run capphat
#                   there, remove it (tests/package/deb-test.sh)
#
# VERSION comes from CHANGELOG.md (scripts/version.sh), and so does the
# package's changelog (scripts/deb-changelog.sh). The packaging tools come
# from scripts/install-deps.sh; the package depends only on what the
# program needs at run time.

DEB_DIR := $(BUILD)/deb

.PHONY: deb deb-test

deb: | $(DEPS_STAMP)
	@./scripts/make-deb.sh $(DEB_DIR)

deb-test: deb
	@BUILD=$(BUILD) sh tests/package/deb-test.sh $(DEB_DIR)
