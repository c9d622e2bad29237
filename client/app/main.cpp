#include "appsettings.h"
#include "mainwindow.h"

#include <QApplication>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("BoxOffice"));
    QApplication::setApplicationName(QStringLiteral("boxoffice"));
    QApplication::setApplicationDisplayName(QStringLiteral("Box Office"));
    QApplication::setApplicationVersion(QStringLiteral(BOXOFFICE_VERSION));

    AppSettings settings;
    MainWindow window(&settings);
    window.show();
    return app.exec();
}
