#include "logcategories.h"

Q_LOGGING_CATEGORY(lcServer, "boxoffice.server")
Q_LOGGING_CATEGORY(lcHttp, "boxoffice.http")
Q_LOGGING_CATEGORY(lcAccess, "boxoffice.http.access")
Q_LOGGING_CATEGORY(lcBooking, "boxoffice.booking")
Q_LOGGING_CATEGORY(lcExpiry, "boxoffice.expiry")
Q_LOGGING_CATEGORY(lcDb, "boxoffice.db")
Q_LOGGING_CATEGORY(lcAuth, "boxoffice.auth")
Q_LOGGING_CATEGORY(lcFlags, "boxoffice.flags")
