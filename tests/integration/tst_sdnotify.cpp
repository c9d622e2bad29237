// The server speaks systemd's notify protocol without libsystemd: READY=1
// once it listens, STOPPING=1 when it starts to drain, as datagrams to the
// AF_UNIX socket $NOTIFY_SOCKET names (a path, or '@' for an abstract name),
// here one the test binds itself.
#include "app/systemdnotifier.h"
#include "serverprocess.h"
#include "testdatabase.h"

#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QtTest>

#include <csignal>
#include <cstddef>
#include <cstring>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

namespace {
// A datagram socket bound to a path or an abstract name, read without blocking.
class NotifySocket
{
public:
    explicit NotifySocket(const QByteArray &name) : m_name(name)
    {
        m_fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        sockaddr_un address{};
        address.sun_family = AF_UNIX;
        std::memcpy(address.sun_path, name.constData(), size_t(name.size()));
        socklen_t length = socklen_t(offsetof(sockaddr_un, sun_path) + size_t(name.size()));
        if (name.startsWith('@'))
            address.sun_path[0] = '\0';
        else
            ++length;
        m_bound = m_fd >= 0 && ::bind(m_fd, reinterpret_cast<sockaddr *>(&address), length) == 0;
    }
    ~NotifySocket()
    {
        if (m_fd >= 0)
            ::close(m_fd);
    }
    bool isBound() const { return m_bound; }
    // Every datagram that has arrived so far, in order.
    QList<QByteArray> received()
    {
        char buffer[4096];
        ssize_t got = 0;
        while ((got = ::recv(m_fd, buffer, sizeof buffer, 0)) >= 0)
            m_received << QByteArray(buffer, int(got));
        return m_received;
    }

private:
    QByteArray m_name;
    int m_fd = -1;
    bool m_bound = false;
    QList<QByteArray> m_received;
};
} // namespace

class TestSdNotify : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY2(TestDatabase::instance().start(),
                 qPrintable(TestDatabase::instance().errorString()));
    }

    void serverSaysReadyThenStopping_data()
    {
        QTest::addColumn<QByteArray>("socketName");
        QTest::newRow("path") << m_dir.filePath(QStringLiteral("notify")).toLocal8Bit();
        QTest::newRow("abstract") << "@boxoffice-test-notify-" +
                                         QByteArray::number(QRandomGenerator::global()->generate());
    }

    void serverSaysReadyThenStopping()
    {
        QFETCH(QByteArray, socketName);
        NotifySocket systemd(socketName);
        QVERIFY(systemd.isBound());
        ServerProcess server;
        server.setDatabaseUrl(TestDatabase::instance().createDatabase());
        server.setEnvironment(QStringLiteral("NOTIFY_SOCKET"), QString::fromLocal8Bit(socketName));
        QVERIFY2(server.start(), qPrintable(server.errorString()));
        QTRY_COMPARE_WITH_TIMEOUT(systemd.received(), QList<QByteArray>{"READY=1"}, 10000);

        QVERIFY(server.sendSignal(SIGTERM));
        QTRY_COMPARE_WITH_TIMEOUT(systemd.received(), (QList<QByteArray>{"READY=1", "STOPPING=1"}),
                                  10000);
        QVERIFY2(server.waitForExit(30000), qPrintable(server.output()));
        QCOMPARE(server.exitCode(), 0);
    }

    void nothingIsSentWithoutNotifySocket()
    {
        qunsetenv("NOTIFY_SOCKET");
        QVERIFY(!SystemdNotifier::notify("READY=1"));
        // A socket that is not there costs a warning, never the server.
        qputenv("NOTIFY_SOCKET", m_dir.filePath(QStringLiteral("nobody-listens")).toLocal8Bit());
        QVERIFY(!SystemdNotifier::notify("READY=1"));
        qunsetenv("NOTIFY_SOCKET");
    }
};

QTEST_GUILESS_MAIN(TestSdNotify)
#include "tst_sdnotify.moc"
