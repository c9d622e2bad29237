#include "appsettings.h"
#include "mainwindow.h"
#include "sessioncontroller.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QFile>
#include <QIcon>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("BoxOffice"));
    QApplication::setApplicationName(QStringLiteral("boxoffice"));
    QApplication::setApplicationDisplayName(QStringLiteral("Box Office"));
    QApplication::setApplicationVersion(QStringLiteral(BOXOFFICE_VERSION));
    // Ties the windows to the installed desktop entry (its name and icon on Wayland).
    QGuiApplication::setDesktopFileName(QStringLiteral("org.boxoffice.Client"));
    QIcon icon;
    for (const int size : {16, 32, 48, 64, 128, 256})
        icon.addFile(QStringLiteral(":/icons/org.boxoffice.Client-%1.png").arg(size));
    QApplication::setWindowIcon(icon);

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Box Office desktop client for the counter and admins."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption server(
        QStringLiteral("server"),
        QStringLiteral("Server URL to use (remembered), e.g. http://localhost:3000."),
        QStringLiteral("url"));
    const QCommandLineOption tokenFile(
        QStringLiteral("token-file"),
        QStringLiteral("Log in with the token in this file (an API token or the server's "
                       "admin token); kept in the keyring like a login."),
        QStringLiteral("path"));
    parser.addOptions({server, tokenFile});
    parser.process(app);

    // The run script hands over the server it just started; settings remember it.
    AppSettings settings;
    if (parser.isSet(server))
        settings.setServerUrl(QUrl(parser.value(server)));
    MainWindow window(&settings);
    if (parser.isSet(tokenFile)) {
        QFile file(parser.value(tokenFile));
        if (file.open(QIODevice::ReadOnly))
            window.setConnection(settings.serverUrl(), file.readAll().trimmed());
    }
    window.show();
    // No token, or one the server refuses: the login dialog, over the window.
    window.session()->loginIfNeeded();
    return app.exec();
}
