#pragma once

#include <QSqlDatabase>
#include <QString>

// The lock the test holds on a show's row, so its bookings wait (they lock it too).
class ShowLock
{
public:
    ShowLock(const QString &databaseUrl, qint64 showId);
    ~ShowLock();
    bool isLocked() const { return m_locked; }
    QString errorString() const { return m_error; }
    // Ends the lock's transaction, so the waiting bookings go on.
    void release();
    // Backends waiting for a lock: the bookings have reached the database and
    // wait. Asked on a connection of its own: inside the lock's transaction the
    // statistics views would show one snapshot for ever.
    qint64 waiting() const;

private:
    QString m_url;
    QSqlDatabase m_db;
    bool m_locked = false;
    QString m_error;
};
