"""The application's style sheet: big type and strong contrast, readable at arm's length on a
bench in sunlight. (The session screen adds its own phase colours.)"""

APP_STYLE = """
QWidget { font-size: 20px; color: #111111; background: #ffffff; }
QLabel#title { font-size: 44px; font-weight: 700; }
QLabel#recent { font-size: 22px; }
QLabel#unfinished { background: #fff3b0; color: #111111; padding: 8px; border: 2px solid #8a6d00; }
QLabel#notice { background: #fff3b0; color: #111111; padding: 8px; border: 2px solid #8a6d00; }
QPushButton#settingsButton, QPushButton#openPlanButton, QPushButton#historyButton,
QPushButton#plansButton {
    font-size: 22px; padding: 8px 16px; }
QLabel#source { font-size: 16px; color: #333333; }
QComboBox#planPicker { font-size: 26px; padding: 6px; }
QLineEdit#hill { font-size: 22px; padding: 6px; border: 2px solid #555555; }
QFrame#timeline QLabel { font-size: 20px; }
QPushButton#startButton { font-size: 40px; font-weight: 700; padding: 18px; color: #ffffff;
                          background: #065321; border: 4px solid #000000; }
QPushButton#startButton:focus { border: 6px solid #ff9f1c; }
"""
