#pragma once

#include "show.h"

#include <QWidget>

#include <optional>

class QPushButton;

// The counter's way to the seat map: "Choose seats…" (and, for admins,
// "Block seats…") beside the seat count, shown only while the picked show is
// seated; general-admission shows see the counter exactly as before.
class SeatActions : public QWidget
{
    Q_OBJECT
public:
    explicit SeatActions(QWidget *parent = nullptr);

    void setShow(const std::optional<Show> &show);
    void setBlockingAllowed(bool allowed);
    // Sales paused for the picked show: the map may not be used to hold (empty: not paused).
    void setPauseReason(const QString &reason);

signals:
    void chooseSeats();
    void blockSeats();

private:
    void updateButtons();

    QPushButton *m_choose;
    QPushButton *m_block;
    bool m_seated = false;
    bool m_blockingAllowed = false;
    QString m_pauseReason;
};
