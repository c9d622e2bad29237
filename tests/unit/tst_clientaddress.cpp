// Who the client is behind (or without) trusted proxies: X-Forwarded-For is
// believed only from a trusted peer, walked right to left past trusted hops,
// and garbage or forged entries never move the answer to an address the client chose.
#include "http/clientaddress.h"

#include <QtTest>

class TestClientAddress : public QObject
{
    Q_OBJECT

private slots:
    void resolves_data()
    {
        QTest::addColumn<QStringList>("trusted");
        QTest::addColumn<QString>("peer");
        QTest::addColumn<QByteArray>("forwardedFor");
        QTest::addColumn<QString>("expected");
        const QStringList none;
        const QStringList local{"127.0.0.1"};
        const QStringList subnets{"10.0.0.0/8", "2001:db8:1::/48"};

        QTest::newRow("no proxies: peer")
            << none << "203.0.113.5" << QByteArray("1.2.3.4") << "203.0.113.5";
        QTest::newRow("untrusted peer: forged header ignored")
            << local << "203.0.113.5" << QByteArray("1.2.3.4") << "203.0.113.5";
        QTest::newRow("trusted peer: forwarded client")
            << local << "127.0.0.1" << QByteArray("198.51.100.7") << "198.51.100.7";
        QTest::newRow("trusted peer without header")
            << local << "127.0.0.1" << QByteArray() << "127.0.0.1";
        QTest::newRow("right-most untrusted wins over client's forgery")
            << local << "127.0.0.1" << QByteArray("6.6.6.6, 198.51.100.7") << "198.51.100.7";
        QTest::newRow("chain of trusted proxies in a subnet")
            << subnets << "10.1.2.3" << QByteArray("6.6.6.6, 198.51.100.7, 10.9.9.9, 10.0.0.2")
            << "198.51.100.7";
        QTest::newRow("multiple headers joined")
            << subnets << "10.1.2.3" << QByteArray("6.6.6.6, 198.51.100.7, 10.0.0.2")
            << "198.51.100.7";
        QTest::newRow("IPv4-mapped peer is the IPv4 proxy")
            << local << "::ffff:127.0.0.1" << QByteArray("198.51.100.7") << "198.51.100.7";
        QTest::newRow("IPv4-mapped peer shown as IPv4")
            << none << "::ffff:203.0.113.5" << QByteArray() << "203.0.113.5";
        QTest::newRow("IPv6 proxy subnet, bracketed entry with port")
            << subnets << "2001:db8:1::9" << QByteArray("[2001:db8:2::1]:4711") << "2001:db8:2::1";
        QTest::newRow("IPv4 entry with port")
            << local << "127.0.0.1" << QByteArray("198.51.100.7:5555") << "198.51.100.7";
        QTest::newRow("garbage right-most: the proxy is the client")
            << local << "127.0.0.1" << QByteArray("6.6.6.6, unknown") << "127.0.0.1";
        QTest::newRow("garbage after the client is never reached")
            << local << "127.0.0.1" << QByteArray("<script>, 198.51.100.7") << "198.51.100.7";
        QTest::newRow("host names are not addresses")
            << local << "127.0.0.1" << QByteArray("evil.example") << "127.0.0.1";
        QTest::newRow("empty entries") << local << "127.0.0.1" << QByteArray(" , ,") << "127.0.0.1";
        QTest::newRow("zone ids refused")
            << local << "127.0.0.1" << QByteArray("fe80::1%eth0") << "127.0.0.1";
        QTest::newRow("huge entry") << local << "127.0.0.1" << QByteArray(5000, '1') << "127.0.0.1";
        QTest::newRow("all trusted: left-most trusted hop")
            << subnets << "10.0.0.1" << QByteArray("10.0.0.3, 10.0.0.2") << "10.0.0.3";
    }

    void resolves()
    {
        QFETCH(QStringList, trusted);
        QFETCH(QString, peer);
        QFETCH(QByteArray, forwardedFor);
        QFETCH(QString, expected);
        ClientAddress resolver;
        QString error;
        QVERIFY2(ClientAddress::parse(trusted, &resolver, &error), qPrintable(error));
        const QString seen = resolver.resolve(QHostAddress(peer), forwardedFor);
        QVERIFY2(seen == expected, qPrintable(QString("expected %1, seen %2").arg(expected, seen)));
    }

    void longChainsStopAtTheHopLimit()
    {
        ClientAddress resolver;
        QString error;
        QVERIFY(ClientAddress::parse({"10.0.0.0/8"}, &resolver, &error));
        QByteArrayList hops{"6.6.6.6"};
        for (int i = 0; i < 100; ++i)
            hops << "10.0.0." + QByteArray::number(i % 250);
        const QString seen = resolver.resolve(QHostAddress("10.0.0.1"), hops.join(","));
        QVERIFY2(seen.startsWith("10."), qPrintable("a client-written hop was believed: " + seen));
    }

    void badProxyEntriesAreRefused_data()
    {
        QTest::addColumn<QString>("entry");
        QTest::newRow("name") << "proxy.local";
        QTest::newRow("bad prefix") << "10.0.0.0/33";
        QTest::newRow("bad address") << "10.0.0.256";
        QTest::newRow("garbage subnet") << "x/8";
    }

    void badProxyEntriesAreRefused()
    {
        QFETCH(QString, entry);
        ClientAddress resolver;
        QString error;
        QVERIFY2(!ClientAddress::parse({entry}, &resolver, &error),
                 qPrintable(entry + " was accepted"));
        QVERIFY2(error.contains(entry), qPrintable("error does not name the entry: " + error));
    }
};

QTEST_APPLESS_MAIN(TestClientAddress)
#include "tst_clientaddress.moc"
