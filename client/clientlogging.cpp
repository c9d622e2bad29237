#include "clientlogging.h"

Q_LOGGING_CATEGORY(lcApi, "boxoffice.client.api", QtInfoMsg)
Q_LOGGING_CATEGORY(lcConnection, "boxoffice.client.connection", QtInfoMsg)
Q_LOGGING_CATEGORY(lcModels, "boxoffice.client.models", QtInfoMsg)
Q_LOGGING_CATEGORY(lcViews, "boxoffice.client.views", QtInfoMsg)
Q_LOGGING_CATEGORY(lcApp, "boxoffice.client.app", QtInfoMsg)
