from socket import *

ADDR = ('0.0.0.0', 8888)
sockfd = socket(AF_INET, SOCK_STREAM)
sockfd.bind(ADDR)
sockfd.listen(5)
print('Waiting for connect...')
while True:
    connfd, addr = sockfd.accept()
    data = connfd.recv(1024)
    if not data or data.decode() == '##':
        break
    print('Receive:', data.decode())
    connfd.send(b'Receive your message')
connfd.close()
sockfd.close()
