#pragma once

#include <QLoggingCategory>

// Every logging category of the server, declared in one place so that the
// names an operator may switch with QT_LOGGING_RULES are all here (and in
// docs/logging.md). Each area logs only under its own category.
Q_DECLARE_LOGGING_CATEGORY(lcServer)  // boxoffice.server: start-up, shutdown, posture
Q_DECLARE_LOGGING_CATEGORY(lcHttp)    // boxoffice.http: listening, connections, refusals
Q_DECLARE_LOGGING_CATEGORY(lcAccess)  // boxoffice.http.access: one line per request
Q_DECLARE_LOGGING_CATEGORY(lcBooking) // boxoffice.booking: holds made and refused
Q_DECLARE_LOGGING_CATEGORY(lcExpiry)  // boxoffice.expiry: expired holds, purged keys
Q_DECLARE_LOGGING_CATEGORY(lcDb)      // boxoffice.db: connections, statements, migrations, workers
Q_DECLARE_LOGGING_CATEGORY(lcAuth)    // boxoffice.auth: failed logins, locks, the token cache
Q_DECLARE_LOGGING_CATEGORY(lcFlags)   // boxoffice.flags: feature-flag re-reads
