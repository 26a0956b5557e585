from socket import *

s = socket(AF_INET, SOCK_STREAM)
s.bind(('0.0.0.0', 8888))
s.listen(5)
print('Waiting for connect...')
c, addr = s.accept()
print('Connect from', addr)
while True:
    data = c.recv(1024)
    if not data:
        break
    if data == "##":
        break
    print('Receive:', data.decode())
    c.send(b'Receive your message')
c.close()
s.close()
