# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'registration_form.ui'
##
## Created by: Qt User Interface Compiler version 6.11.3
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import (QCoreApplication, QDate, QDateTime, QLocale,
    QMetaObject, QObject, QPoint, QRect,
    QSize, QTime, QUrl, Qt)
from PySide6.QtGui import (QBrush, QColor, QConicalGradient, QCursor,
    QFont, QFontDatabase, QGradient, QIcon,
    QImage, QKeySequence, QLinearGradient, QPainter,
    QPalette, QPixmap, QRadialGradient, QTransform)
from PySide6.QtWidgets import (QAbstractButton, QApplication, QComboBox, QDateTimeEdit,
    QDialog, QDialogButtonBox, QFormLayout, QGroupBox,
    QHBoxLayout, QLabel, QLineEdit, QListWidget,
    QListWidgetItem, QPushButton, QSizePolicy, QSpacerItem,
    QSpinBox, QVBoxLayout, QWidget)

class Ui_RegistrationForm(object):
    def setupUi(self, RegistrationForm):
        if not RegistrationForm.objectName():
            RegistrationForm.setObjectName(u"RegistrationForm")
        RegistrationForm.resize(1100, 560)
        self.main_layout = QVBoxLayout(RegistrationForm)
        self.main_layout.setObjectName(u"main_layout")
        self.columns_layout = QHBoxLayout()
        self.columns_layout.setObjectName(u"columns_layout")
        self.document_group = QGroupBox(RegistrationForm)
        self.document_group.setObjectName(u"document_group")
        self.document_form = QFormLayout(self.document_group)
        self.document_form.setObjectName(u"document_form")
        self.document_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.issuer_label = QLabel(self.document_group)
        self.issuer_label.setObjectName(u"issuer_label")

        self.document_form.setWidget(0, QFormLayout.ItemRole.LabelRole, self.issuer_label)

        self.issuer_edit = QLineEdit(self.document_group)
        self.issuer_edit.setObjectName(u"issuer_edit")

        self.document_form.setWidget(0, QFormLayout.ItemRole.FieldRole, self.issuer_edit)

        self.issuer_parent_label = QLabel(self.document_group)
        self.issuer_parent_label.setObjectName(u"issuer_parent_label")

        self.document_form.setWidget(1, QFormLayout.ItemRole.LabelRole, self.issuer_parent_label)

        self.issuer_parent_edit = QLineEdit(self.document_group)
        self.issuer_parent_edit.setObjectName(u"issuer_parent_edit")

        self.document_form.setWidget(1, QFormLayout.ItemRole.FieldRole, self.issuer_parent_edit)

        self.doc_type_label = QLabel(self.document_group)
        self.doc_type_label.setObjectName(u"doc_type_label")

        self.document_form.setWidget(2, QFormLayout.ItemRole.LabelRole, self.doc_type_label)

        self.doc_type_combo = QComboBox(self.document_group)
        self.doc_type_combo.setObjectName(u"doc_type_combo")

        self.document_form.setWidget(2, QFormLayout.ItemRole.FieldRole, self.doc_type_combo)

        self.number_label = QLabel(self.document_group)
        self.number_label.setObjectName(u"number_label")

        self.document_form.setWidget(3, QFormLayout.ItemRole.LabelRole, self.number_label)

        self.number_edit = QLineEdit(self.document_group)
        self.number_edit.setObjectName(u"number_edit")

        self.document_form.setWidget(3, QFormLayout.ItemRole.FieldRole, self.number_edit)

        self.issued_date_label = QLabel(self.document_group)
        self.issued_date_label.setObjectName(u"issued_date_label")

        self.document_form.setWidget(4, QFormLayout.ItemRole.LabelRole, self.issued_date_label)

        self.issued_date_edit = QLineEdit(self.document_group)
        self.issued_date_edit.setObjectName(u"issued_date_edit")
        self.issued_date_edit.setPlaceholderText(u"dd/mm/yyyy")

        self.document_form.setWidget(4, QFormLayout.ItemRole.FieldRole, self.issued_date_edit)

        self.place_label = QLabel(self.document_group)
        self.place_label.setObjectName(u"place_label")

        self.document_form.setWidget(5, QFormLayout.ItemRole.LabelRole, self.place_label)

        self.place_edit = QLineEdit(self.document_group)
        self.place_edit.setObjectName(u"place_edit")

        self.document_form.setWidget(5, QFormLayout.ItemRole.FieldRole, self.place_edit)

        self.subject_label = QLabel(self.document_group)
        self.subject_label.setObjectName(u"subject_label")

        self.document_form.setWidget(6, QFormLayout.ItemRole.LabelRole, self.subject_label)

        self.subject_edit = QLineEdit(self.document_group)
        self.subject_edit.setObjectName(u"subject_edit")

        self.document_form.setWidget(6, QFormLayout.ItemRole.FieldRole, self.subject_edit)

        self.signer_name_label = QLabel(self.document_group)
        self.signer_name_label.setObjectName(u"signer_name_label")

        self.document_form.setWidget(7, QFormLayout.ItemRole.LabelRole, self.signer_name_label)

        self.signer_name_edit = QLineEdit(self.document_group)
        self.signer_name_edit.setObjectName(u"signer_name_edit")

        self.document_form.setWidget(7, QFormLayout.ItemRole.FieldRole, self.signer_name_edit)

        self.signer_title_label = QLabel(self.document_group)
        self.signer_title_label.setObjectName(u"signer_title_label")

        self.document_form.setWidget(8, QFormLayout.ItemRole.LabelRole, self.signer_title_label)

        self.signer_title_edit = QLineEdit(self.document_group)
        self.signer_title_edit.setObjectName(u"signer_title_edit")

        self.document_form.setWidget(8, QFormLayout.ItemRole.FieldRole, self.signer_title_edit)

        self.signer_authority_label = QLabel(self.document_group)
        self.signer_authority_label.setObjectName(u"signer_authority_label")

        self.document_form.setWidget(9, QFormLayout.ItemRole.LabelRole, self.signer_authority_label)

        self.signer_authority_edit = QLineEdit(self.document_group)
        self.signer_authority_edit.setObjectName(u"signer_authority_edit")

        self.document_form.setWidget(9, QFormLayout.ItemRole.FieldRole, self.signer_authority_edit)

        self.page_count_label = QLabel(self.document_group)
        self.page_count_label.setObjectName(u"page_count_label")

        self.document_form.setWidget(10, QFormLayout.ItemRole.LabelRole, self.page_count_label)

        self.page_count_spin = QSpinBox(self.document_group)
        self.page_count_spin.setObjectName(u"page_count_spin")
        self.page_count_spin.setMaximum(999)

        self.document_form.setWidget(10, QFormLayout.ItemRole.FieldRole, self.page_count_spin)

        self.language_label = QLabel(self.document_group)
        self.language_label.setObjectName(u"language_label")

        self.document_form.setWidget(11, QFormLayout.ItemRole.LabelRole, self.language_label)

        self.language_edit = QLineEdit(self.document_group)
        self.language_edit.setObjectName(u"language_edit")

        self.document_form.setWidget(11, QFormLayout.ItemRole.FieldRole, self.language_edit)

        self.document_id_label = QLabel(self.document_group)
        self.document_id_label.setObjectName(u"document_id_label")

        self.document_form.setWidget(12, QFormLayout.ItemRole.LabelRole, self.document_id_label)

        self.document_id_edit = QLineEdit(self.document_group)
        self.document_id_edit.setObjectName(u"document_id_edit")

        self.document_form.setWidget(12, QFormLayout.ItemRole.FieldRole, self.document_id_edit)


        self.columns_layout.addWidget(self.document_group)

        self.right_layout = QVBoxLayout()
        self.right_layout.setObjectName(u"right_layout")
        self.registration_group = QGroupBox(RegistrationForm)
        self.registration_group.setObjectName(u"registration_group")
        self.registration_form = QFormLayout(self.registration_group)
        self.registration_form.setObjectName(u"registration_form")
        self.registration_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.book_label = QLabel(self.registration_group)
        self.book_label.setObjectName(u"book_label")

        self.registration_form.setWidget(0, QFormLayout.ItemRole.LabelRole, self.book_label)

        self.book_combo = QComboBox(self.registration_group)
        self.book_combo.setObjectName(u"book_combo")

        self.registration_form.setWidget(0, QFormLayout.ItemRole.FieldRole, self.book_combo)

        self.received_at_label = QLabel(self.registration_group)
        self.received_at_label.setObjectName(u"received_at_label")

        self.registration_form.setWidget(1, QFormLayout.ItemRole.LabelRole, self.received_at_label)

        self.received_at_edit = QDateTimeEdit(self.registration_group)
        self.received_at_edit.setObjectName(u"received_at_edit")
        self.received_at_edit.setDisplayFormat(u"dd/MM/yyyy HH:mm")
        self.received_at_edit.setCalendarPopup(True)

        self.registration_form.setWidget(1, QFormLayout.ItemRole.FieldRole, self.received_at_edit)

        self.channel_label = QLabel(self.registration_group)
        self.channel_label.setObjectName(u"channel_label")

        self.registration_form.setWidget(2, QFormLayout.ItemRole.LabelRole, self.channel_label)

        self.channel_combo = QComboBox(self.registration_group)
        self.channel_combo.setObjectName(u"channel_combo")

        self.registration_form.setWidget(2, QFormLayout.ItemRole.FieldRole, self.channel_combo)

        self.urgency_label = QLabel(self.registration_group)
        self.urgency_label.setObjectName(u"urgency_label")

        self.registration_form.setWidget(3, QFormLayout.ItemRole.LabelRole, self.urgency_label)

        self.urgency_combo = QComboBox(self.registration_group)
        self.urgency_combo.setObjectName(u"urgency_combo")

        self.registration_form.setWidget(3, QFormLayout.ItemRole.FieldRole, self.urgency_combo)

        self.confidentiality_label = QLabel(self.registration_group)
        self.confidentiality_label.setObjectName(u"confidentiality_label")

        self.registration_form.setWidget(4, QFormLayout.ItemRole.LabelRole, self.confidentiality_label)

        self.confidentiality_combo = QComboBox(self.registration_group)
        self.confidentiality_combo.setObjectName(u"confidentiality_combo")

        self.registration_form.setWidget(4, QFormLayout.ItemRole.FieldRole, self.confidentiality_combo)

        self.to_places_label = QLabel(self.registration_group)
        self.to_places_label.setObjectName(u"to_places_label")

        self.registration_form.setWidget(5, QFormLayout.ItemRole.LabelRole, self.to_places_label)

        self.to_places_edit = QLineEdit(self.registration_group)
        self.to_places_edit.setObjectName(u"to_places_edit")

        self.registration_form.setWidget(5, QFormLayout.ItemRole.FieldRole, self.to_places_edit)

        self.due_date_label = QLabel(self.registration_group)
        self.due_date_label.setObjectName(u"due_date_label")

        self.registration_form.setWidget(6, QFormLayout.ItemRole.LabelRole, self.due_date_label)

        self.due_date_edit = QLineEdit(self.registration_group)
        self.due_date_edit.setObjectName(u"due_date_edit")
        self.due_date_edit.setPlaceholderText(u"dd/mm/yyyy")

        self.registration_form.setWidget(6, QFormLayout.ItemRole.FieldRole, self.due_date_edit)

        self.instruction_label = QLabel(self.registration_group)
        self.instruction_label.setObjectName(u"instruction_label")

        self.registration_form.setWidget(7, QFormLayout.ItemRole.LabelRole, self.instruction_label)

        self.instruction_edit = QLineEdit(self.registration_group)
        self.instruction_edit.setObjectName(u"instruction_edit")

        self.registration_form.setWidget(7, QFormLayout.ItemRole.FieldRole, self.instruction_edit)

        self.note_label = QLabel(self.registration_group)
        self.note_label.setObjectName(u"note_label")

        self.registration_form.setWidget(8, QFormLayout.ItemRole.LabelRole, self.note_label)

        self.note_edit = QLineEdit(self.registration_group)
        self.note_edit.setObjectName(u"note_edit")

        self.registration_form.setWidget(8, QFormLayout.ItemRole.FieldRole, self.note_edit)


        self.right_layout.addWidget(self.registration_group)

        self.file_group = QGroupBox(RegistrationForm)
        self.file_group.setObjectName(u"file_group")
        self.file_form = QFormLayout(self.file_group)
        self.file_form.setObjectName(u"file_form")
        self.file_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.file_code_label = QLabel(self.file_group)
        self.file_code_label.setObjectName(u"file_code_label")

        self.file_form.setWidget(0, QFormLayout.ItemRole.LabelRole, self.file_code_label)

        self.file_code_layout = QHBoxLayout()
        self.file_code_layout.setObjectName(u"file_code_layout")
        self.file_organ_id_edit = QLineEdit(self.file_group)
        self.file_organ_id_edit.setObjectName(u"file_organ_id_edit")

        self.file_code_layout.addWidget(self.file_organ_id_edit)

        self.file_catalog_edit = QLineEdit(self.file_group)
        self.file_catalog_edit.setObjectName(u"file_catalog_edit")

        self.file_code_layout.addWidget(self.file_catalog_edit)

        self.file_notation_edit = QLineEdit(self.file_group)
        self.file_notation_edit.setObjectName(u"file_notation_edit")

        self.file_code_layout.addWidget(self.file_notation_edit)

        self.doc_ordinal_spin = QSpinBox(self.file_group)
        self.doc_ordinal_spin.setObjectName(u"doc_ordinal_spin")
        self.doc_ordinal_spin.setMaximum(999)

        self.file_code_layout.addWidget(self.doc_ordinal_spin)


        self.file_form.setLayout(0, QFormLayout.ItemRole.FieldRole, self.file_code_layout)

        self.files_label = QLabel(self.file_group)
        self.files_label.setObjectName(u"files_label")

        self.file_form.setWidget(1, QFormLayout.ItemRole.LabelRole, self.files_label)

        self.files_layout = QHBoxLayout()
        self.files_layout.setObjectName(u"files_layout")
        self.files_list = QListWidget(self.file_group)
        self.files_list.setObjectName(u"files_list")
        self.files_list.setMaximumSize(QSize(16777215, 80))

        self.files_layout.addWidget(self.files_list)

        self.file_buttons_layout = QVBoxLayout()
        self.file_buttons_layout.setObjectName(u"file_buttons_layout")
        self.add_file_button = QPushButton(self.file_group)
        self.add_file_button.setObjectName(u"add_file_button")
        self.add_file_button.setAutoDefault(False)

        self.file_buttons_layout.addWidget(self.add_file_button)

        self.remove_file_button = QPushButton(self.file_group)
        self.remove_file_button.setObjectName(u"remove_file_button")
        self.remove_file_button.setAutoDefault(False)

        self.file_buttons_layout.addWidget(self.remove_file_button)

        self.file_buttons_spacer = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.file_buttons_layout.addItem(self.file_buttons_spacer)


        self.files_layout.addLayout(self.file_buttons_layout)


        self.file_form.setLayout(1, QFormLayout.ItemRole.FieldRole, self.files_layout)


        self.right_layout.addWidget(self.file_group)

        self.right_spacer = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.right_layout.addItem(self.right_spacer)


        self.columns_layout.addLayout(self.right_layout)

        self.columns_layout.setStretch(0, 1)
        self.columns_layout.setStretch(1, 1)

        self.main_layout.addLayout(self.columns_layout)

        self.error_label = QLabel(RegistrationForm)
        self.error_label.setObjectName(u"error_label")
        self.error_label.setStyleSheet(u"color: #c62828; font-weight: bold;")
        self.error_label.setText(u"")
        self.error_label.setWordWrap(True)

        self.main_layout.addWidget(self.error_label)

        self.button_box = QDialogButtonBox(RegistrationForm)
        self.button_box.setObjectName(u"button_box")
        self.button_box.setStandardButtons(QDialogButtonBox.StandardButton.Cancel|QDialogButtonBox.StandardButton.Save)

        self.main_layout.addWidget(self.button_box)

#if QT_CONFIG(shortcut)
        self.issuer_label.setBuddy(self.issuer_edit)
        self.issuer_parent_label.setBuddy(self.issuer_parent_edit)
        self.doc_type_label.setBuddy(self.doc_type_combo)
        self.number_label.setBuddy(self.number_edit)
        self.issued_date_label.setBuddy(self.issued_date_edit)
        self.place_label.setBuddy(self.place_edit)
        self.subject_label.setBuddy(self.subject_edit)
        self.signer_name_label.setBuddy(self.signer_name_edit)
        self.signer_title_label.setBuddy(self.signer_title_edit)
        self.signer_authority_label.setBuddy(self.signer_authority_edit)
        self.page_count_label.setBuddy(self.page_count_spin)
        self.language_label.setBuddy(self.language_edit)
        self.document_id_label.setBuddy(self.document_id_edit)
        self.book_label.setBuddy(self.book_combo)
        self.received_at_label.setBuddy(self.received_at_edit)
        self.channel_label.setBuddy(self.channel_combo)
        self.urgency_label.setBuddy(self.urgency_combo)
        self.confidentiality_label.setBuddy(self.confidentiality_combo)
        self.to_places_label.setBuddy(self.to_places_edit)
        self.due_date_label.setBuddy(self.due_date_edit)
        self.instruction_label.setBuddy(self.instruction_edit)
        self.note_label.setBuddy(self.note_edit)
        self.file_code_label.setBuddy(self.file_organ_id_edit)
        self.files_label.setBuddy(self.files_list)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.issuer_edit, self.issuer_parent_edit)
        QWidget.setTabOrder(self.issuer_parent_edit, self.doc_type_combo)
        QWidget.setTabOrder(self.doc_type_combo, self.number_edit)
        QWidget.setTabOrder(self.number_edit, self.issued_date_edit)
        QWidget.setTabOrder(self.issued_date_edit, self.place_edit)
        QWidget.setTabOrder(self.place_edit, self.subject_edit)
        QWidget.setTabOrder(self.subject_edit, self.signer_name_edit)
        QWidget.setTabOrder(self.signer_name_edit, self.signer_title_edit)
        QWidget.setTabOrder(self.signer_title_edit, self.signer_authority_edit)
        QWidget.setTabOrder(self.signer_authority_edit, self.page_count_spin)
        QWidget.setTabOrder(self.page_count_spin, self.language_edit)
        QWidget.setTabOrder(self.language_edit, self.document_id_edit)
        QWidget.setTabOrder(self.document_id_edit, self.book_combo)
        QWidget.setTabOrder(self.book_combo, self.received_at_edit)
        QWidget.setTabOrder(self.received_at_edit, self.channel_combo)
        QWidget.setTabOrder(self.channel_combo, self.urgency_combo)
        QWidget.setTabOrder(self.urgency_combo, self.confidentiality_combo)
        QWidget.setTabOrder(self.confidentiality_combo, self.to_places_edit)
        QWidget.setTabOrder(self.to_places_edit, self.due_date_edit)
        QWidget.setTabOrder(self.due_date_edit, self.instruction_edit)
        QWidget.setTabOrder(self.instruction_edit, self.note_edit)
        QWidget.setTabOrder(self.note_edit, self.file_organ_id_edit)
        QWidget.setTabOrder(self.file_organ_id_edit, self.file_catalog_edit)
        QWidget.setTabOrder(self.file_catalog_edit, self.file_notation_edit)
        QWidget.setTabOrder(self.file_notation_edit, self.doc_ordinal_spin)
        QWidget.setTabOrder(self.doc_ordinal_spin, self.files_list)
        QWidget.setTabOrder(self.files_list, self.add_file_button)
        QWidget.setTabOrder(self.add_file_button, self.remove_file_button)
        QWidget.setTabOrder(self.remove_file_button, self.button_box)

        self.retranslateUi(RegistrationForm)

        QMetaObject.connectSlotsByName(RegistrationForm)
    # setupUi

    def retranslateUi(self, RegistrationForm):
        RegistrationForm.setWindowTitle(QCoreApplication.translate("RegistrationForm", u"V\u00e0o s\u1ed5 v\u0103n b\u1ea3n \u0111\u1ebfn", None))
        self.document_group.setTitle(QCoreApplication.translate("RegistrationForm", u"V\u0103n b\u1ea3n", None))
        self.issuer_label.setText(QCoreApplication.translate("RegistrationForm", u"C\u01a1 quan ban h\u00e0nh *", None))
        self.issuer_edit.setPlaceholderText(QCoreApplication.translate("RegistrationForm", u"V\u00ed d\u1ee5: S\u1edf T\u00e0i ch\u00ednh t\u1ec9nh X", None))
        self.issuer_parent_label.setText(QCoreApplication.translate("RegistrationForm", u"C\u01a1 quan ch\u1ee7 qu\u1ea3n", None))
        self.issuer_parent_edit.setPlaceholderText(QCoreApplication.translate("RegistrationForm", u"V\u00ed d\u1ee5: UBND t\u1ec9nh X", None))
        self.doc_type_label.setText(QCoreApplication.translate("RegistrationForm", u"T\u00ean lo\u1ea1i v\u0103n b\u1ea3n *", None))
        self.number_label.setText(QCoreApplication.translate("RegistrationForm", u"S\u1ed1, k\u00fd hi\u1ec7u", None))
        self.number_edit.setPlaceholderText(QCoreApplication.translate("RegistrationForm", u"V\u00ed d\u1ee5: 15/Q\u0110-UBND", None))
        self.issued_date_label.setText(QCoreApplication.translate("RegistrationForm", u"Ng\u00e0y v\u0103n b\u1ea3n", None))
        self.place_label.setText(QCoreApplication.translate("RegistrationForm", u"\u0110\u1ecba danh", None))
        self.subject_label.setText(QCoreApplication.translate("RegistrationForm", u"Tr\u00edch y\u1ebfu *", None))
        self.subject_edit.setPlaceholderText(QCoreApplication.translate("RegistrationForm", u"Tr\u00edch y\u1ebfu n\u1ed9i dung v\u0103n b\u1ea3n", None))
        self.signer_name_label.setText(QCoreApplication.translate("RegistrationForm", u"H\u1ecd t\u00ean ng\u01b0\u1eddi k\u00fd", None))
        self.signer_title_label.setText(QCoreApplication.translate("RegistrationForm", u"Ch\u1ee9c v\u1ee5 ng\u01b0\u1eddi k\u00fd", None))
        self.signer_authority_label.setText(QCoreApplication.translate("RegistrationForm", u"Th\u1ea9m quy\u1ec1n k\u00fd", None))
        self.signer_authority_edit.setPlaceholderText(QCoreApplication.translate("RegistrationForm", u"V\u00ed d\u1ee5: KT. CH\u1ee6 T\u1ecaCH", None))
        self.page_count_label.setText(QCoreApplication.translate("RegistrationForm", u"S\u1ed1 trang", None))
        self.language_label.setText(QCoreApplication.translate("RegistrationForm", u"Ng\u00f4n ng\u1eef", None))
        self.document_id_label.setText(QCoreApplication.translate("RegistrationForm", u"M\u00e3 \u0111\u1ecbnh danh v\u0103n b\u1ea3n", None))
        self.registration_group.setTitle(QCoreApplication.translate("RegistrationForm", u"V\u00e0o s\u1ed5", None))
        self.book_label.setText(QCoreApplication.translate("RegistrationForm", u"S\u1ed5 \u0111\u0103ng k\u00fd", None))
        self.received_at_label.setText(QCoreApplication.translate("RegistrationForm", u"Ng\u00e0y gi\u1edd \u0111\u1ebfn", None))
        self.channel_label.setText(QCoreApplication.translate("RegistrationForm", u"H\u00ecnh th\u1ee9c nh\u1eadn", None))
        self.urgency_label.setText(QCoreApplication.translate("RegistrationForm", u"\u0110\u1ed9 kh\u1ea9n", None))
        self.confidentiality_label.setText(QCoreApplication.translate("RegistrationForm", u"\u0110\u1ed9 m\u1eadt", None))
        self.to_places_label.setText(QCoreApplication.translate("RegistrationForm", u"\u0110\u01a1n v\u1ecb ho\u1eb7c ng\u01b0\u1eddi nh\u1eadn", None))
        self.due_date_label.setText(QCoreApplication.translate("RegistrationForm", u"H\u1ea1n gi\u1ea3i quy\u1ebft", None))
        self.instruction_label.setText(QCoreApplication.translate("RegistrationForm", u"\u00dd ki\u1ebfn ch\u1ec9 \u0111\u1ea1o", None))
        self.note_label.setText(QCoreApplication.translate("RegistrationForm", u"Ghi ch\u00fa", None))
        self.file_group.setTitle(QCoreApplication.translate("RegistrationForm", u"H\u1ed3 s\u01a1 v\u00e0 t\u1ec7p \u0111\u00ednh k\u00e8m", None))
        self.file_code_label.setText(QCoreApplication.translate("RegistrationForm", u"M\u00e3 h\u1ed3 s\u01a1", None))
        self.file_organ_id_edit.setPlaceholderText(QCoreApplication.translate("RegistrationForm", u"M\u00e3 c\u01a1 quan", None))
        self.file_catalog_edit.setPlaceholderText(QCoreApplication.translate("RegistrationForm", u"N\u0103m", None))
        self.file_notation_edit.setPlaceholderText(QCoreApplication.translate("RegistrationForm", u"K\u00fd hi\u1ec7u h\u1ed3 s\u01a1", None))
#if QT_CONFIG(tooltip)
        self.doc_ordinal_spin.setToolTip(QCoreApplication.translate("RegistrationForm", u"S\u1ed1 th\u1ee9 t\u1ef1 v\u0103n b\u1ea3n trong h\u1ed3 s\u01a1", None))
#endif // QT_CONFIG(tooltip)
        self.files_label.setText(QCoreApplication.translate("RegistrationForm", u"T\u1ec7p \u0111\u00ednh k\u00e8m", None))
        self.add_file_button.setText(QCoreApplication.translate("RegistrationForm", u"Th\u00eam t\u1ec7p\u2026", None))
        self.remove_file_button.setText(QCoreApplication.translate("RegistrationForm", u"B\u1ecf t\u1ec7p", None))
    # retranslateUi

