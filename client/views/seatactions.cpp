#include "seatactions.h"

#include <QHBoxLayout>
#include <QPushButton>

SeatActions::SeatActions(QWidget *parent)
    : QWidget(parent), m_choose(new QPushButton(tr("Choose s&eats…"), this)),
      m_block(new QPushButton(tr("&Block seats…"), this))
{
    setObjectName(QStringLiteral("seatActions"));
    m_choose->setObjectName(QStringLiteral("chooseSeatsButton"));
    m_block->setObjectName(QStringLiteral("blockSeatsButton"));
    m_block->setToolTip(tr("Take seats of this show out of sale, or put them back (admin)"));
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_choose);
    layout->addWidget(m_block);
    connect(m_choose, &QPushButton::clicked, this, &SeatActions::chooseSeats);
    connect(m_block, &QPushButton::clicked, this, &SeatActions::blockSeats);
    updateButtons();
}

void SeatActions::setShow(const std::optional<Show> &show)
{
    m_seated = show && show->isSeated();
    updateButtons();
}

void SeatActions::setBlockingAllowed(bool allowed)
{
    m_blockingAllowed = allowed;
    updateButtons();
}

void SeatActions::setPauseReason(const QString &reason)
{
    m_pauseReason = reason;
    updateButtons();
}

void SeatActions::updateButtons()
{
    m_choose->setEnabled(m_pauseReason.isEmpty());
    m_choose->setToolTip(m_pauseReason.isEmpty()
                             ? tr("Pick the seats on the map of the hall, or the best available")
                             : m_pauseReason);
    m_block->setVisible(m_blockingAllowed);
    // Hidden, not disabled, for general admission: nothing there to choose.
    setVisible(m_seated);
}
