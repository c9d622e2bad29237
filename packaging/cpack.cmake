# CPack: boxoffice-server_<version>_<arch>.deb, boxoffice-client_<version>_<arch>.deb and
# boxoffice-loadtest_<version>_<arch>.deb (one Debian package per install component), plus
# one .tar.gz holding all of them
# (CPACK_PACKAGE_FILE_NAME names only the tarball: the .deb names are Debian's own).
# scripts/package.sh runs it; packaging/README.md describes the packages.
set(CPACK_PACKAGE_NAME "boxoffice")
set(CPACK_PACKAGE_VENDOR "Box Office contributors")
set(CPACK_PACKAGE_CONTACT "Box Office maintainers <maintainers@boxoffice.example.org>")
# CPackDeb puts a summary set here in front of each package's own description (below,
# summary line first); the value it recognises as "not set" keeps it out.
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${CMAKE_PROJECT_NAME} built using CMake")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_GENERATOR "DEB;TGZ")
# The unit and the config file have absolute destinations (packaging/CMakeLists.txt):
# with DESTDIR they land in the package's tree, not on the building machine. With DESTDIR,
# CPack installs with CPACK_INSTALL_PREFIX as the prefix, whatever the build tree's.
set(CPACK_SET_DESTDIR ON)
set(CPACK_INSTALL_PREFIX "/usr")
set(CPACK_STRIP_FILES ON)

set(CPACK_COMPONENTS_ALL server)
if(BOXOFFICE_BUILD_CLIENT)
    list(APPEND CPACK_COMPONENTS_ALL client)
endif()
# client/loadtest is built with the client (client/CMakeLists.txt).
if(TARGET boxoffice-loadtest)
    list(APPEND CPACK_COMPONENTS_ALL loadtest)
endif()
set(CPACK_COMPONENT_SERVER_DISPLAY_NAME "Box Office server")
set(CPACK_COMPONENT_CLIENT_DISPLAY_NAME "Box Office desktop client")
set(CPACK_COMPONENT_LOADTEST_DISPLAY_NAME "Box Office load generator")

# --- Debian ---------------------------------------------------------------------------
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION "misc")
set(CPACK_DEBIAN_PACKAGE_PRIORITY "optional")
# Library dependencies from dpkg-shlibdeps (dpkg-dev); what it cannot see is added below.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS OFF)
# Maintainer scripts are installed 0755 whatever their mode in the checkout.
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)

set(CPACK_DEBIAN_SERVER_PACKAGE_NAME "boxoffice-server")
set(CPACK_DEBIAN_SERVER_PACKAGE_SECTION "net")
# Qt loads the QPSQL driver with dlopen, so shlibdeps cannot see it; postgresql brings
# initdb and pg_ctl for the embedded cluster; adduser is called by postinst.
set(CPACK_DEBIAN_SERVER_PACKAGE_DEPENDS "libqt6sql6-psql, postgresql, adduser")
# Descriptions: the summary line, then the extended lines, which CPackDeb indents.
set(CPACK_DEBIAN_SERVER_DESCRIPTION "Box Office ticket booking server
An HTTP API for shows and seat bookings on PostgreSQL 15, with holds that
expire, staff accounts and feature flags. Runs as the systemd service
boxoffice-server, as the system user boxoffice, with its settings in
/etc/boxoffice/server.conf. Without a DATABASE_URL it runs its own
PostgreSQL cluster in /var/lib/boxoffice.")
set(CPACK_DEBIAN_SERVER_PACKAGE_CONTROL_EXTRA
    "${CMAKE_CURRENT_LIST_DIR}/debian/postinst"
    "${CMAKE_CURRENT_LIST_DIR}/debian/prerm"
    "${CMAKE_CURRENT_LIST_DIR}/debian/postrm"
    "${CMAKE_CURRENT_LIST_DIR}/debian/conffiles")

set(CPACK_DEBIAN_CLIENT_PACKAGE_NAME "boxoffice-client")
set(CPACK_DEBIAN_CLIENT_PACKAGE_SECTION "misc")
# Everything it links comes from shlibdeps (Qt Widgets and Network, QtKeychain); Wayland
# sessions want Qt's Wayland platform plugin, X11 works without it.
set(CPACK_DEBIAN_CLIENT_PACKAGE_RECOMMENDS "qt6-wayland")
set(CPACK_DEBIAN_CLIENT_DESCRIPTION "Box Office desktop client
The box-office counter's client for the Box Office ticket booking server:
shows with live seat counts, holds, confirmations, booking look-up, and the
administrators' pages for shows, feature flags, staff and API tokens.")

set(CPACK_DEBIAN_LOADTEST_PACKAGE_NAME "boxoffice-loadtest")
set(CPACK_DEBIAN_LOADTEST_PACKAGE_SECTION "net")
# Qt loads the QPSQL driver for --db-url with dlopen, so shlibdeps cannot see it; without
# --db-url the tool runs without it, hence only a recommendation.
set(CPACK_DEBIAN_LOADTEST_PACKAGE_RECOMMENDS "libqt6sql6-psql")
set(CPACK_DEBIAN_LOADTEST_DESCRIPTION "Box Office load generator
boxoffice-loadtest drives a Box Office server (or any server with the same
booking API) with up to 2000 keep-alive connections, closed loop or at a
fixed rate, and reports throughput, latency percentiles and answers by
status. With --db-url it checks afterwards in SQL that no seat was oversold
and no acknowledged booking was lost.")

# --- Tarball: both components in one archive, as installed under /usr ----------------
set(CPACK_ARCHIVE_COMPONENT_INSTALL OFF)
# Laid out as on the target system (usr/, etc/, lib/) under boxoffice-<version>-Linux/.
set(CPACK_PACKAGE_FILE_NAME "boxoffice-${PROJECT_VERSION}-${CMAKE_SYSTEM_NAME}-${CMAKE_SYSTEM_PROCESSOR}")

include(CPack)
