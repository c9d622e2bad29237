#include "flageditordialog.h"

#include "apiclient.h"
#include "flagdraft.h"
#include "flagpreviewpanel.h"
#include "jsontext.h"
#include "usermessage.h"

#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpressionValidator>
#include <QSlider>
#include <QVBoxLayout>

#include <cmath>

namespace {
constexpr auto kErrorStyle = "color:#7a1616;";
} // namespace

FlagEditorDialog::FlagEditorDialog(ApiClient *api, QWidget *parent) : QDialog(parent), m_api(api)
{
    build();
    setWindowTitle(tr("New flag"));
    m_value->setPlainText(QStringLiteral("true"));
    validate();
}

FlagEditorDialog::FlagEditorDialog(ApiClient *api, const Api::FeatureFlag &flag, QWidget *parent)
    : QDialog(parent), m_api(api)
{
    build();
    load(flag);
}

void FlagEditorDialog::build()
{
    setObjectName(QStringLiteral("flagEditorDialog"));
    m_key = new QLineEdit(this);
    m_key->setObjectName(QStringLiteral("flagKey"));
    m_key->setMaxLength(100);
    m_key->setPlaceholderText(tr("e.g. checkout_v2 or ai:model"));
    // Refuses characters outside the rule as they are typed; length 1..100 is checked below.
    m_key->setValidator(new QRegularExpressionValidator(
        QRegularExpression(QStringLiteral("[a-z0-9._:-]{0,100}")), m_key));
    m_keyError = new QLabel(this);
    m_keyError->setObjectName(QStringLiteral("flagKeyError"));
    m_keyError->setStyleSheet(QLatin1String(kErrorStyle));

    m_environment = new QLabel(this);
    m_environment->setObjectName(QStringLiteral("flagEnvironmentNote"));
    m_environment->setWordWrap(true);
    m_environment->setStyleSheet(QStringLiteral(
        "#flagEnvironmentNote { background:#fff3cd; color:#5c4400; border:1px solid #ffbf00;"
        " padding:4px 8px; }"));
    m_environment->hide();

    m_value = new QPlainTextEdit(this);
    m_value->setObjectName(QStringLiteral("flagValue"));
    m_value->setTabChangesFocus(true);
    QFont mono = m_value->font();
    mono.setFamilies({QStringLiteral("DejaVu Sans Mono"), QStringLiteral("monospace")});
    m_value->setFont(mono);
    m_value->setMinimumHeight(110);
    m_value->setMaximumHeight(160); // the preview below gets the room

    m_valueError = new QLabel(this);
    m_valueError->setObjectName(QStringLiteral("flagValueError"));
    m_valueError->setStyleSheet(QLatin1String(kErrorStyle));
    m_valueError->setWordWrap(true);

    m_slider = new QSlider(Qt::Horizontal, this);
    m_slider->setObjectName(QStringLiteral("flagRolloutSlider"));
    m_slider->setRange(0, 1000); // tenths of a percent
    m_slider->setPageStep(50);
    m_percent = new QDoubleSpinBox(this);
    m_percent->setObjectName(QStringLiteral("flagRolloutPercent"));
    m_percent->setRange(0, 100);
    m_percent->setDecimals(1);
    m_percent->setSingleStep(0.1);
    m_percent->setSuffix(QStringLiteral(" %"));
    connect(m_slider, &QSlider::valueChanged, this,
            [this](int tenths) { percentEdited(tenths / 10.0); });
    connect(m_percent, &QDoubleSpinBox::valueChanged, this, &FlagEditorDialog::percentEdited);
    auto *rollout = new QHBoxLayout;
    rollout->addWidget(m_slider, 1);
    rollout->addWidget(m_percent);

    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("flagEditorMessage"));
    m_message->setWordWrap(true);
    m_message->setStyleSheet(QLatin1String(kErrorStyle));

    m_preview = new FlagPreviewPanel(m_api, this);
    auto *previewBox = new QGroupBox(tr("Preview"), this);
    auto *previewLayout = new QVBoxLayout(previewBox);
    previewLayout->addWidget(m_preview);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    m_buttons->button(QDialogButtonBox::Save)->setObjectName(QStringLiteral("flagSaveButton"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &FlagEditorDialog::save);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *form = new QFormLayout;
    form->addRow(tr("&Key:"), m_key);
    form->addRow(QString(), m_keyError);
    form->addRow(tr("&Value (JSON):"), m_value);
    form->addRow(QString(), m_valueError);
    auto *rolloutLabel = new QLabel(tr("&Rollout:"), this);
    rolloutLabel->setBuddy(m_percent);
    form->addRow(rolloutLabel, rollout);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_environment);
    layout->addLayout(form);
    layout->addWidget(previewBox, 1);
    layout->addWidget(m_message);
    layout->addWidget(m_buttons);
    resize(760, 720);

    connect(m_key, &QLineEdit::textChanged, this, &FlagEditorDialog::validate);
    connect(m_value, &QPlainTextEdit::textChanged, this, &FlagEditorDialog::validate);
}

QString FlagEditorDialog::key() const
{
    return m_key->text();
}

void FlagEditorDialog::load(const Api::FeatureFlag &flag)
{
    m_loaded = flag;
    setWindowTitle(tr("Edit flag %1").arg(flag.key));
    m_key->setText(flag.key);
    m_key->setReadOnly(true);
    // Edit what is stored; an environment-only flag starts from what the server uses.
    m_value->setPlainText(FlagDraft::format(flag.value.isNull() ? flag.effective : flag.value));
    const bool environment = flag.source == Api::FeatureFlag::Source::Environment;
    m_environment->setVisible(environment);
    if (environment) {
        m_environment->setText(
            tr("The environment wins: %1 is set, so the server uses %2. Saving here changes only "
               "the stored value, which applies once the variable is removed.")
                .arg(flag.environmentVariable, JsonText::compact(flag.effective)));
    }
    validate();
}

void FlagEditorDialog::validate()
{
    const QString key = m_key->text();
    const bool keyOk = FlagDraft::isValidKey(key);
    m_keyError->setText(keyOk ? QString() : tr("1 to 100 characters: a-z, 0-9 and . _ : -"));

    const FlagDraft::Parsed parsed = FlagDraft::parseValue(m_value->toPlainText());
    m_draft = parsed.value;
    m_valueError->setText(
        parsed.value
            ? QString()
            : tr("Line %1, column %2: %3").arg(parsed.line).arg(parsed.column).arg(parsed.error));

    // Built-ins are typed values, never rollouts; a rollout needs an object to live in.
    const bool rollout = parsed.value && parsed.value->isObject() && !FlagDraft::isBuiltinKey(key);
    m_slider->setEnabled(rollout);
    m_percent->setEnabled(rollout);
    if (const auto percent = parsed.value ? FlagDraft::percentOf(*parsed.value) : std::nullopt;
        percent && !m_syncing) {
        m_syncing = true;
        m_slider->setValue(int(std::lround(*percent * 10)));
        m_percent->setValue(*percent);
        m_syncing = false;
    }

    m_preview->setDraft(keyOk ? key : QString(), m_draft);
    m_buttons->button(QDialogButtonBox::Save)->setEnabled(keyOk && m_draft && !m_busy);
}

void FlagEditorDialog::percentEdited(double percent)
{
    if (m_syncing || !m_draft || !m_draft->isObject())
        return;
    m_syncing = true;
    m_slider->setValue(int(std::lround(percent * 10)));
    m_percent->setValue(percent);
    m_value->setPlainText(FlagDraft::format(FlagDraft::withPercent(*m_draft, percent)));
    m_syncing = false;
}

void FlagEditorDialog::showError(const QString &text)
{
    m_message->setText(text);
}

void FlagEditorDialog::save()
{
    if (m_busy || !m_draft || !FlagDraft::isValidKey(key()))
        return;
    m_busy = true;
    validate();
    showError(QString());
    // Always If-Match: the version loaded, or 0 ("only if not stored yet") for a new flag
    // and an environment-only one, so a New… never overwrites a flag it did not see.
    const qint64 expected = m_loaded ? m_loaded->version : 0;
    m_api->putFlag(key(), *m_draft, expected, this, [this](const Result<Api::FeatureFlag> &result) {
        m_busy = false;
        validate();
        if (result) {
            emit saved(*result);
            accept();
        } else if (result.error().code == ErrorCode::VersionConflict) {
            askToReload(result.error().details.value(QLatin1String("current_version")).toInteger());
        } else {
            showError(UserMessage::forError(result.error()));
        }
    });
}

void FlagEditorDialog::askToReload(qint64 currentVersion)
{
    if (m_conflict)
        return;
    m_conflict = new QMessageBox(
        QMessageBox::Warning, tr("Flag changed meanwhile"),
        !m_loaded ? tr("A flag “%1” already exists (version %2).").arg(key()).arg(currentVersion)
        : currentVersion > 0
            ? tr("Someone else changed “%1” since you opened it (it is now version %2).")
                  .arg(key())
                  .arg(currentVersion)
            : tr("Someone else deleted “%1” since you opened it.").arg(key()),
        QMessageBox::NoButton, this);
    m_conflict->setObjectName(QStringLiteral("flagConflictQuestion"));
    m_conflict->setInformativeText(
        tr("Reload it to see their change? What you typed here will be replaced."));
    QPushButton *reloadButton = m_conflict->addButton(tr("Reload"), QMessageBox::AcceptRole);
    reloadButton->setObjectName(QStringLiteral("flagConflictReload"));
    m_conflict->addButton(tr("Keep editing"), QMessageBox::RejectRole);
    m_conflict->setDefaultButton(reloadButton);
    m_conflict->setAttribute(Qt::WA_DeleteOnClose);
    connect(m_conflict, &QMessageBox::buttonClicked, this, [this, reloadButton](auto *clicked) {
        if (clicked == reloadButton)
            reload();
    });
    showError(tr("Not saved: someone else changed this flag."));
    m_conflict->open();
}

void FlagEditorDialog::reload()
{
    m_api->fetchFlag(key(), this, [this](const Result<Api::FeatureFlag> &result) {
        if (result) {
            load(*result);
            showError(QString());
        } else if (result.error().code == ErrorCode::FlagNotFound) {
            // Gone: saving now creates it afresh (If-Match 0).
            m_loaded.reset();
            showError(tr("The flag no longer exists; Save creates it again."));
        } else {
            showError(UserMessage::forError(result.error()));
        }
    });
}
