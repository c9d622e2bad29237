// Rollout buckets: stable, monotonic in the percent, even, and independent per key.
#include "flags/flagbucketing.h"

#include <QtTest>

#include <cmath>

namespace {
QString customer(int i)
{
    return QStringLiteral("customer-%1").arg(i);
}

double shareInside(const QString &key, double percent, int subjects)
{
    int inside = 0;
    for (int i = 0; i < subjects; ++i)
        inside += FlagBucketing::inside(FlagBucketing::bucket(key, customer(i)), percent);
    return 100.0 * inside / subjects;
}
} // namespace

class TestFlagBucketing : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void knownVectors_data()
    {
        // Computed outside the code under test, e.g.
        //   printf '%s' 'ai:model/customer-42' | sha256sum
        //   69170c3d751c1deb...  first 8 bytes = 0x69170c3d751c1deb = 7572534756544093675
        //   7572534756544093675 mod 1000 = 675
        //   printf '%s' 'checkout_v2/alice@example.com' | sha256sum
        //   480b1c365707f879...  = 5191274015188580473, mod 1000 = 473
        //   printf '%s' 'ai:model/Zoë' | sha256sum   (UTF-8: ë is c3 ab)
        //   8c124ce95642391c...  = 10093214279948974364 (above 2^63), mod 1000 = 364
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("subject");
        QTest::addColumn<int>("bucket");
        QTest::newRow("ai:model") << "ai:model"
                                  << "customer-42" << 675;
        QTest::newRow("checkout_v2") << "checkout_v2"
                                     << "alice@example.com" << 473;
        QTest::newRow("non-ascii, top bit set") << "ai:model" << QStringLiteral("Zo\u00eb") << 364;
    }
    void knownVectors()
    {
        QFETCH(QString, key);
        QFETCH(QString, subject);
        QFETCH(int, bucket);
        QCOMPARE(FlagBucketing::bucket(key, subject), bucket);
    }

    void insideIsBucketBelowTenthsOfPercent()
    {
        QVERIFY(!FlagBucketing::inside(0, 0));
        QVERIFY(FlagBucketing::inside(0, 0.1));
        QVERIFY(!FlagBucketing::inside(1, 0.1));
        QVERIFY(FlagBucketing::inside(122, 12.3));
        QVERIFY(!FlagBucketing::inside(123, 12.3));
        QVERIFY(FlagBucketing::inside(998, 99.9));
        QVERIFY(!FlagBucketing::inside(999, 99.9));
        QVERIFY(FlagBucketing::inside(999, 100));
        // The reference example: 1 % is buckets 0..9, so customer-42 (675) is outside.
        QVERIFY(FlagBucketing::inside(9, 1));
        QVERIFY(!FlagBucketing::inside(10, 1));
        QVERIFY(!FlagBucketing::inside(0, std::nan("")));
    }

    void bucketIsStableAcrossCalls()
    {
        for (int i = 0; i < 1000; ++i) {
            const int first = FlagBucketing::bucket(QStringLiteral("ai:model"), customer(i));
            QVERIFY2(
                first >= 0 && first < FlagBucketing::kBuckets,
                qPrintable(
                    QStringLiteral("%1: bucket %2 outside 0..999").arg(customer(i)).arg(first)));
            const int second = FlagBucketing::bucket(QStringLiteral("ai:model"), customer(i));
            QCOMPARE(second, first);
        }
    }

    void raisingThePercentOnlyAddsSubjects()
    {
        const QString key = QStringLiteral("ai:model");
        for (int i = 0; i < 2000; ++i) {
            const int bucket = FlagBucketing::bucket(key, customer(i));
            if (FlagBucketing::inside(bucket, 5))
                QVERIFY2(FlagBucketing::inside(bucket, 6),
                         qPrintable(customer(i) + " inside at 5 % but not at 6 %"));
            bool wasInside = false;
            for (int tenths = 0; tenths <= 1000; ++tenths) {
                const bool now = FlagBucketing::inside(bucket, tenths / 10.0);
                QVERIFY2(now || !wasInside,
                         qPrintable(QStringLiteral("%1 (bucket %2) left the rollout at %3 %")
                                        .arg(customer(i))
                                        .arg(bucket)
                                        .arg(tenths / 10.0)));
                wasInside = now;
            }
            QVERIFY2(wasInside, qPrintable(customer(i) + " not inside at 100 %"));
        }
    }

    void shareInsideIsThePercent_data()
    {
        QTest::addColumn<double>("percent");
        for (const double percent : {1.0, 10.0, 33.3, 50.0, 99.0})
            QTest::addRow("%.1f %%", percent) << percent;
    }
    void shareInsideIsThePercent()
    {
        QFETCH(double, percent);
        const double share = shareInside(QStringLiteral("checkout_v2"), percent, 100000);
        QVERIFY2(
            std::abs(share - percent) <= 1.0,
            qPrintable(QStringLiteral("expected %1 % ± 1 of 100 000 subjects inside, seen %2 %")
                           .arg(percent)
                           .arg(share)));
    }

    void keysBucketIndependently()
    {
        const QString first = QStringLiteral("checkout_v2");
        const QString second = QStringLiteral("ai:model");
        const int subjects = 100000;
        int both = 0;
        int same = 0;
        for (int i = 0; i < subjects; ++i) {
            const int a = FlagBucketing::bucket(first, customer(i));
            const int b = FlagBucketing::bucket(second, customer(i));
            both += FlagBucketing::inside(a, 50) && FlagBucketing::inside(b, 50);
            same += a == b;
        }
        const double share = 100.0 * both / subjects;
        QVERIFY2(std::abs(share - 25.0) <= 1.0,
                 qPrintable(QStringLiteral("expected 25 % ± 1 inside both 50 % rollouts, seen %1 %")
                                .arg(share)));
        // Same bucket under both keys: 1 in 1000 by chance, not a shared hash.
        QVERIFY2(same < subjects / 200,
                 qPrintable(QStringLiteral("%1 of %2 subjects share a bucket across keys")
                                .arg(same)
                                .arg(subjects)));
    }
};

QTEST_APPLESS_MAIN(TestFlagBucketing)
#include "tst_flagbucketing.moc"
