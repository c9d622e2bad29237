#pragma once

#include <QLoggingCategory>

// One category per client area, so QT_LOGGING_RULES can switch on e.g. only
// "boxoffice.client.api.debug=true" while chasing a network problem.
Q_DECLARE_LOGGING_CATEGORY(lcApi)
Q_DECLARE_LOGGING_CATEGORY(lcConnection)
Q_DECLARE_LOGGING_CATEGORY(lcModels)
Q_DECLARE_LOGGING_CATEGORY(lcViews)
Q_DECLARE_LOGGING_CATEGORY(lcApp)
