// The token's fallback home when no keyring answers: a file only its user can
// read, from the first byte on, removed on logout, and never QSettings.
#include "appsettings.h"
#include "tokenstore.h"

#include <QDir>
#include <QFile>
#include <QSettings>
#include <QTemporaryDir>
#include <QtTest>

#include <sys/stat.h>

namespace {
QString modeText(const QString &path)
{
    struct stat info
    {
    };
    if (::stat(QFile::encodeName(path).constData(), &info) != 0)
        return QStringLiteral("missing");
    return QString::number(info.st_mode & 07777, 8);
}
} // namespace

class TestTokenStore : public QObject
{
    Q_OBJECT

private slots:
    void fileIsOwnerOnlyAndHoldsTheToken()
    {
        QTemporaryDir dir;
        const QString home = dir.filePath(QStringLiteral("app"));
        TokenStore store(TokenStore::Backend::FileOnly, home);
        QVERIFY2(store.load().isEmpty(), "a fresh store holds no token");

        const QByteArray token("bos_0123456789abcdefghijklmnopqrstuvwxyzABCDEFG");
        QVERIFY2(store.save(token), qPrintable(store.errorString()));
        QCOMPARE(store.usedKeyring(), false);
        QCOMPARE(store.filePath(), QDir(home).filePath(QStringLiteral("session-token")));
        QCOMPARE(modeText(store.filePath()), QStringLiteral("600"));
        QFile file(store.filePath());
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), token);

        // Another instance (the next run) finds it.
        TokenStore nextRun(TokenStore::Backend::FileOnly, home);
        QCOMPARE(nextRun.load(), token);
    }

    void aReplacedTokenKeepsTheMode()
    {
        QTemporaryDir dir;
        TokenStore store(TokenStore::Backend::FileOnly, dir.path());
        QVERIFY(store.save("first"));
        QFile::setPermissions(store.filePath(), QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                                    QFileDevice::ReadOther);
        // Even a file someone widened is written anew owner-only.
        QVERIFY(store.save("second"));
        QCOMPARE(modeText(store.filePath()), QStringLiteral("600"));
        QCOMPARE(store.load(), QByteArray("second"));
    }

    void logoutRemovesTheFile()
    {
        QTemporaryDir dir;
        TokenStore store(TokenStore::Backend::FileOnly, dir.path());
        QVERIFY(store.save("bos_secret"));
        QVERIFY(QFile::exists(store.filePath()));
        store.clear();
        QVERIFY2(
            !QFile::exists(store.filePath()),
            qPrintable(QStringLiteral("expected %1 gone after clear()").arg(store.filePath())));
        QVERIFY(store.load().isEmpty());
    }

    void neverInTheSettings()
    {
        QTemporaryDir dir;
        const QString ini = dir.filePath(QStringLiteral("boxoffice.ini"));
        {
            AppSettings settings(ini);
            settings.setServerUrl(QUrl(QStringLiteral("http://127.0.0.1:1")));
            TokenStore store(TokenStore::Backend::FileOnly, dir.path());
            QVERIFY(store.save("bos_never_in_settings"));
            settings.sync();
        }
        QFile file(ini);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray text = file.readAll();
        QVERIFY2(!text.contains("bos_never_in_settings"),
                 "expected the token nowhere in the settings file, found it there");
        QSettings raw(ini, QSettings::IniFormat);
        QVERIFY2(!raw.contains(QStringLiteral("connection/token")),
                 "expected no connection/token key in the settings");
    }

    void anOldSettingsTokenMovesToTheStore()
    {
        QTemporaryDir dir;
        const QString ini = dir.filePath(QStringLiteral("boxoffice.ini"));
        {
            QSettings raw(ini, QSettings::IniFormat);
            raw.setValue(QStringLiteral("connection/token"), QByteArray("legacy-token"));
        }
        AppSettings settings(ini);
        TokenStore store(TokenStore::Backend::FileOnly, dir.path());
        QCOMPARE(settings.takeLegacyToken(), QByteArray("legacy-token"));
        settings.sync();
        QSettings raw(ini, QSettings::IniFormat);
        QVERIFY2(!raw.contains(QStringLiteral("connection/token")),
                 "expected the legacy token key removed once taken");
    }
};

QTEST_GUILESS_MAIN(TestTokenStore)
#include "tst_tokenstore.moc"
