from socket import *

sockfd = socket(AF_INET, SOCK_STREAM)
sockfd.bind(('0.0.0.0', 8888))
sockfd.listen(5)
print('Waiting for connect...')
connfd, addr = sockfd.accept()
while True:
　　data = connfd.recv(1024)
    if not data or data.decode() == '##':
        break
    connfd.send(b'Receive your message')
connfd.close()
sockfd.close()
